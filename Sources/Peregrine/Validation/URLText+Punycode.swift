extension URLText {
    /// Punycode (RFC 3492), as the `idna` crate implements it.
    enum Punycode {
        private static let base: UInt32 = 36
        private static let tMin: UInt32 = 1
        private static let tMax: UInt32 = 26
        private static let skew: UInt32 = 38
        private static let damp: UInt32 = 700
        private static let initialBias: UInt32 = 72
        private static let initialN: UInt32 = 0x80

        private static func adapt(_ delta: UInt32, _ numPoints: UInt32, _ firstTime: Bool) -> UInt32 {
            var delta = delta / (firstTime ? damp : 2)
            delta += delta / numPoints
            var k: UInt32 = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (((base - tMin + 1) * delta) / (delta + skew))
        }

        private static func digitValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 26
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a"))
            default: nil
            }
        }

        /// Decodes lower-case ASCII Punycode (without `xn--`), or nil when malformed.
        static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
            var output: [Unicode.Scalar] = []
            var encoded = input[...]
            if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
                output = input[..<delimiter].map { Unicode.Scalar($0) }
                if delimiter > 0 { encoded = input[(delimiter + 1)...] }
            }
            var codePoint = initialN
            var bias = initialBias
            var i: UInt32 = 0
            var iterator = encoded.makeIterator()
            while let firstByte = iterator.next() {
                let previous = i
                var weight: UInt32 = 1
                var k = base
                var byte = firstByte
                while true {
                    guard let digit = digitValue(byte) else { return nil }
                    let (product, overflow1) = digit.multipliedReportingOverflow(by: weight)
                    if overflow1 { return nil }
                    let (sum, overflow2) = i.addingReportingOverflow(product)
                    if overflow2 { return nil }
                    i = sum
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if digit < t { break }
                    let (nextWeight, overflow3) = weight.multipliedReportingOverflow(by: base - t)
                    if overflow3 { return nil }
                    weight = nextWeight
                    k += base
                    guard let nextByte = iterator.next() else { return nil }
                    byte = nextByte
                }
                let length = UInt32(output.count)
                bias = adapt(i - previous, length + 1, previous == 0)
                let (next, overflow) = codePoint.addingReportingOverflow(i / (length + 1))
                if overflow { return nil }
                codePoint = next
                i %= length + 1
                guard let scalar = Unicode.Scalar(codePoint) else { return nil }
                output.insert(scalar, at: Int(i))
                i += 1
            }
            return output
        }

        static func encode(_ input: [UInt32]) -> [UInt8] {
            var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
            let basicCount = output.count
            var handled = basicCount
            if basicCount > 0 { output.append(UInt8(ascii: "-")) }
            var n = initialN
            var delta: UInt32 = 0
            var bias = initialBias
            func digit(_ value: UInt32) -> UInt8 {
                value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
            }
            while handled < input.count {
                let m = input.filter { $0 >= n }.min()!
                delta &+= (m - n) &* UInt32(handled + 1)
                n = m
                for c in input {
                    if c < n { delta &+= 1 }
                    if c == n {
                        var q = delta
                        var k = base
                        while true {
                            let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                            if q < t { break }
                            output.append(digit(t + (q - t) % (base - t)))
                            q = (q - t) / (base - t)
                            k += base
                        }
                        output.append(digit(q))
                        bias = adapt(delta, UInt32(handled + 1), handled == basicCount)
                        delta = 0
                        handled += 1
                    }
                }
                delta &+= 1
                n += 1
            }
            return output
        }
    }
}
