import Foundation
import Testing

@testable import PeregrineJobs
