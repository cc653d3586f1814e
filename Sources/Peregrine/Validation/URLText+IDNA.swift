import Foundation

extension URLText {
    /// UTS-46 `ToASCII` as the `idna` crate runs it for URLs (non-transitional, CheckHyphens and
    /// VerifyDnsLength off, the URL forbidden code points denied), with an approximate mapping
    /// step for non-ASCII labels: see ``URLText``.
    enum IDNA {
        /// `%#/:<>?@[\]^|`, space and below, and DEL: what a domain may not contain.
        private static func isDenied(_ byte: UInt8) -> Bool {
            switch byte {
            case 0...0x20, 0x7F, UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: ":"),
                UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "["),
                UInt8(ascii: "\\"), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "|"):
                true
            default: false
            }
        }

        private static func isLowerLetter(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        }

        /// A label the crate passes through untouched: `[a-z][a-z0-9-]*`, not ending in `-`, and
        /// without `--` in third and fourth place.
        private static func isPassthroughLabel(_ label: ArraySlice<UInt8>) -> Bool {
            guard let first = label.first else { return true }
            let start = label.startIndex
            if label.count >= 4, label[start + 2] == UInt8(ascii: "-"), label[start + 3] == UInt8(ascii: "-") {
                return false
            }
            guard isLowerLetter(first) else { return false }
            for byte in label.dropFirst()
            where !(isLowerLetter(byte) || URLText.isDigit(byte) || byte == UInt8(ascii: "-")) {
                return false
            }
            return label.last != UInt8(ascii: "-")
        }

        private static func hasPunycodePrefix<C: Collection>(_ label: C) -> Bool where C.Element == UInt8 {
            guard label.count >= 4 else { return false }
            let prefix = Array(label.prefix(4))
            return prefix[0] | 0x20 == UInt8(ascii: "x") && prefix[1] | 0x20 == UInt8(ascii: "n")
                && prefix[2] == UInt8(ascii: "-") && prefix[3] == UInt8(ascii: "-")
        }

        /// The ASCII form of a (percent-decoded) domain, or nil for an IDNA error.
        static func toASCII(_ domain: [UInt8]) -> [UInt8]? {
            if domain.allSatisfy({ isLowerLetter($0) || $0 == UInt8(ascii: ".") }) { return domain }
            var output: [UInt8] = []
            output.reserveCapacity(domain.count)
            var inPrefix = true
            // Labels from the first one that is not passed through: the bidi rule looks at these.
            var checkedLabels: [[Unicode.Scalar]] = []
            for (index, label) in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                .enumerated()
            {
                if index > 0 { output.append(UInt8(ascii: ".")) }
                if inPrefix, isPassthroughLabel(label) {
                    output += label
                    continue
                }
                inPrefix = false
                if label.isEmpty {
                    checkedLabels.append([])
                    continue
                }
                if label.allSatisfy({ $0 < 0x80 }) {
                    var lowered: [UInt8] = []
                    lowered.reserveCapacity(label.count)
                    for byte in label {
                        if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                            lowered.append(byte | 0x20)
                        } else if isDenied(byte) {
                            return nil
                        } else {
                            lowered.append(byte)
                        }
                    }
                    if hasPunycodePrefix(lowered) {
                        guard let decoded = decodeACELabel(lowered) else { return nil }
                        checkedLabels.append(decoded)
                    } else {
                        checkedLabels.append(lowered.map { Unicode.Scalar($0) })
                    }
                    output += lowered
                    continue
                }
                // Non-ASCII: map, and the mapping may produce new dots.
                guard let text = String(validating: label, as: UTF8.self), let mapped = map(text) else { return nil }
                for (part, sublabel) in mapped.split(separator: ".", omittingEmptySubsequences: false).enumerated() {
                    if part > 0 { output.append(UInt8(ascii: ".")) }
                    let scalars = Array(sublabel)
                    if hasPunycodePrefix(scalars.lazy.map { $0.isASCII ? UInt8($0.value) : 0xFF }) {
                        guard scalars.allSatisfy(\.isASCII) else { return nil }
                        let ascii = scalars.map { UInt8($0.value) }
                        guard let decoded = decodeACELabel(ascii) else { return nil }
                        checkedLabels.append(decoded)
                        output += ascii
                        continue
                    }
                    guard checkLabel(scalars) else { return nil }
                    checkedLabels.append(scalars)
                    if scalars.allSatisfy(\.isASCII) {
                        output += scalars.map { UInt8($0.value) }
                    } else {
                        output += Array("xn--".utf8)
                        output += Punycode.encode(scalars.map(\.value))
                    }
                }
            }
            guard passesBidiRule(checkedLabels) else { return nil }
            return output
        }

        /// An `xn--` label (lower-case): it must decode to a valid, already-mapped label.
        private static func decodeACELabel(_ label: [UInt8]) -> [Unicode.Scalar]? {
            guard label.last != UInt8(ascii: "-"), label.count - 4 <= 2000,
                let decoded = Punycode.decode(Array(label[4...]))
            else { return nil }
            let text = String(String.UnicodeScalarView(decoded))
            guard let mapped = map(text), Array(mapped) == decoded, !decoded.contains(".") else { return nil }
            return checkLabel(decoded) ? decoded : nil
        }

        /// Code points UTS-46 maps to nothing.
        private static func isIgnored(_ value: UInt32) -> Bool {
            switch value {
            case 0xAD, 0x34F, 0x180B...0x180D, 0x180F, 0x200B, 0x2060, 0x2064, 0xFE00...0xFE0F, 0xFEFF,
                0x1BCA0...0x1BCA3, 0xE0100...0xE01EF:
                true
            default: false
            }
        }

        private static func isDisallowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            // Georgian capitals, Hangul fillers, U+04C0, U+2132 and U+2183 (capitals UTS-46 refuses
            // rather than maps), and U+FFFD, the crate's own error marker.
            case 0x04C0, 0x10A0...0x10C5, 0x10C7, 0x10CD, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2132, 0x2183, 0xFFFD:
                return true
            default: break
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
                .paragraphSeparator:
                return scalar.value != 0x200C && scalar.value != 0x200D
            default:
                return false
            }
        }

        /// The approximate UTS-46 mapping of a label (which may yield dots), in NFC, or nil when
        /// it contains a disallowed code point.
        static func map(_ text: String) -> String.UnicodeScalarView? {
            var mapped = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    // Denied ASCII is refused after composition: `<` + U+0338 is `≮`.
                    let byte = UInt8(value)
                    mapped.append(
                        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? Unicode.Scalar(byte | 0x20) : scalar)
                    continue
                }
                if isIgnored(value) { continue }
                switch value {
                case 0x3002, 0xFF0E, 0xFF61:
                    mapped.append(".")
                    continue
                case 0x200C, 0x200D, 0xDF, 0x3C2:  // deviations, kept in non-transitional processing
                    mapped.append(scalar)
                    continue
                default:
                    break
                }
                if isDisallowed(scalar) { return nil }
                for compatible in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars {
                    for lower in compatible.properties.lowercaseMapping.unicodeScalars {
                        // A compatibility mapping to a dot (`⒈`, `︒`) is disallowed.
                        if lower == "." || lower == "\u{3002}" || lower == "\u{FF0E}" || lower == "\u{FF61}" {
                            return nil
                        }
                        if !lower.isASCII, isDisallowed(lower) {
                            return nil
                        }
                        mapped.append(lower)
                    }
                }
            }
            let composed =
                mapped.allSatisfy(\.isASCII)
                ? mapped : String(mapped).precomposedStringWithCanonicalMapping.unicodeScalars
            for scalar in composed where scalar.isASCII && scalar != "." && isDenied(UInt8(scalar.value)) { return nil }
            return composed
        }

        /// UTS-46 validity criteria the crate checks on each label: no leading combining mark,
        /// ContextJ for joiners, and at most 1000 code points in a non-ASCII label.
        private static func checkLabel(_ label: [Unicode.Scalar]) -> Bool {
            if let first = label.first {
                switch first.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: return false
                default: break
                }
            }
            for (index, scalar) in label.enumerated() where scalar.value == 0x200C || scalar.value == 0x200D {
                guard index > 0 else { return false }
                if label[index - 1].properties.canonicalCombiningClass.rawValue == 9 { continue }
                guard scalar.value == 0x200C else { return false }
                // ZWNJ between a left- or dual-joining and a right- or dual-joining letter,
                // transparent marks aside.
                let before = label[..<index].reversed().first { joiningType($0) != .transparent }
                let after = label[(index + 1)...].first { joiningType($0) != .transparent }
                guard let before, let after,
                    [.left, .dual].contains(joiningType(before)), [.right, .dual].contains(joiningType(after))
                else { return false }
            }
            if label.count > 1000, !label.allSatisfy(\.isASCII) { return false }
            return true
        }

        private enum JoiningType { case left, right, dual, transparent, other }

        /// An approximate Joining_Type: Arabic, Syriac, N'Ko and Mongolian letters join on both
        /// sides unless listed as right-joining; marks are transparent.
        private static func joiningType(_ scalar: Unicode.Scalar) -> JoiningType {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return .transparent
            default: break
            }
            switch scalar.value {
            case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
                0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
                0x0759...0x075B, 0x076B, 0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779, 0x08AA...0x08AC, 0x08AE,
                0x08B1, 0x08B2, 0x08B9, 0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D:
                return .right
            case 0x0620, 0x0626, 0x0628, 0x062A...0x062E, 0x0633...0x063F, 0x0641...0x0647, 0x0649, 0x064A,
                0x066E, 0x066F, 0x0678...0x0687, 0x069A...0x06BF, 0x06C1, 0x06C2, 0x06CC, 0x06CE, 0x06D0, 0x06D1,
                0x06FA...0x06FC, 0x06FF, 0x0750...0x0758, 0x075C...0x076A, 0x076D...0x0770, 0x0772, 0x0775...0x0777,
                0x077A...0x077F, 0x08A0...0x08A9, 0x08AF, 0x08B0, 0x08B3...0x08B8, 0x08BA...0x08C8, 0x0712...0x072F,
                0x074E...0x074F, 0x07CA...0x07EA, 0x1820...0x1878, 0x1887...0x18A8:
                return .dual
            default:
                return .other
            }
        }

        // MARK: Bidi rule (RFC 5893), with an approximate bidi classification

        private enum BidiClass { case l, r, al, en, an, es, cs, et, on, bn, nsm, other }

        private static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
            let value = scalar.value
            if value < 0x80 {
                switch UInt8(value) {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): return .en
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .l
                case UInt8(ascii: "+"), UInt8(ascii: "-"): return .es
                case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"): return .cs
                case UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"): return .et
                case 0x00...0x08, 0x0E...0x1B, 0x7F: return .bn
                case 0x09...0x0D, 0x1C...0x20: return .other
                default: return .on
                }
            }
            let category = scalar.properties.generalCategory
            if category == .nonspacingMark || category == .enclosingMark { return .nsm }
            if category == .format { return .bn }
            switch value {
            case 0x0660...0x0669, 0x066B, 0x066C, 0x0600...0x0605, 0x06DD, 0x08E2, 0x10D30...0x10D39, 0x10E60...0x10E7E:
                return .an
            case 0x06F0...0x06F9: return .en
            case 0x060C: return .cs
            case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10CFF, 0x10E80...0x10FFF,
                0x1E800...0x1EC6F,
                0x1ED00...0x1ED4F, 0x1EF00...0x1EFFF:
                return .r
            case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D3F,
                0x10F30...0x10F6F,
                0x1EC70...0x1ECBF, 0x1EE00...0x1EEFF:
                return .al
            default: break
            }
            if (0x02B9...0x02FF).contains(value),
                !((0x02BB...0x02C1).contains(value) || (0x02D0...0x02D1).contains(value)
                    || (0x02E0...0x02E4).contains(value) || value == 0x02EE)
            {
                return .on
            }
            switch category {
            case .currencySymbol: return .et
            case .otherNumber: return .en
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return .other
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .modifierSymbol, .otherSymbol:
                return .on
            default: return .l
            }
        }

        private static func passesBidiRule(_ labels: [[Unicode.Scalar]]) -> Bool {
            let isBidiDomain = labels.contains { label in
                label.contains { scalar in
                    guard scalar.value >= 0x590 else { return false }
                    switch bidiClass(scalar) {
                    case .r, .al, .an: return true
                    default: return false
                    }
                }
            }
            guard isBidiDomain else { return true }
            for label in labels {
                guard let first = label.first else { continue }
                let firstClass = bidiClass(first)
                guard firstClass == .l || firstClass == .r || firstClass == .al else { return false }
                let isLTR = firstClass == .l
                var middle = label.dropFirst()
                while let last = middle.last, bidiClass(last) == .nsm { middle = middle.dropLast() }
                guard let last = middle.last else { continue }
                let lastClass = bidiClass(last)
                let prior = middle.dropLast()
                if isLTR {
                    guard lastClass == .l || lastClass == .en else { return false }
                    for scalar in prior {
                        switch bidiClass(scalar) {
                        case .l, .en, .es, .cs, .et, .on, .bn, .nsm: continue
                        default: return false
                        }
                    }
                } else {
                    guard [.r, .al, .en, .an].contains(lastClass) else { return false }
                    var sawEuropean = false
                    var sawArabic = false
                    for scalar in prior {
                        let bidi = bidiClass(scalar)
                        switch bidi {
                        case .r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm: break
                        default: return false
                        }
                        if bidi == .en { sawEuropean = true }
                        if bidi == .an { sawArabic = true }
                        if sawEuropean && sawArabic { return false }
                    }
                    if (sawEuropean && lastClass == .an) || (sawArabic && lastClass == .en) { return false }
                }
            }
            return true
        }
    }
}
