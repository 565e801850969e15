using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Lakemon.Lake;

/// <summary>
/// OpenSSL's X509_NAME_hash (what `openssl x509 -subject_hash` prints and `openssl rehash` names files after):
/// the first four bytes, little-endian, of SHA-1 over the "canonical" subject — each RDN SET re-encoded with string
/// values as lower-cased, whitespace-folded UTF8String, concatenated without the outer SEQUENCE (crypto/x509/x_name.c).
/// </summary>
public static class OpenSslSubjectHash
{
    public static string Compute(X509Certificate2 certificate) => Compute(certificate.SubjectName.RawData);

    public static string Compute(ReadOnlySpan<byte> subjectDer)
    {
        var canonical = Canonicalize(subjectDer.ToArray());
        var digest = SHA1.HashData(canonical);
        var value = (uint)(digest[0] | digest[1] << 8 | digest[2] << 16 | digest[3] << 24);
        return value.ToString("x8", CultureInfo.InvariantCulture);
    }

    private static byte[] Canonicalize(byte[] subjectDer)
    {
        var output = new List<byte>();
        var name = new AsnReader(subjectDer, AsnEncodingRules.DER).ReadSequence();
        while (name.HasData)
        {
            var rdn = name.ReadSetOf();
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSetOf())
            {
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(oid);
                        if (IsString(tag))
                        {
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, Fold(attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
                        }
                        else
                        {
                            writer.WriteEncodedValue(attribute.ReadEncodedValue().Span);
                        }
                    }
                }
            }
            output.AddRange(writer.Encode());
        }
        return [.. output];
    }

    private static bool IsString(Asn1Tag tag) => tag.TagClass == TagClass.Universal && (UniversalTagNumber)tag.TagValue is
        UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
        or UniversalTagNumber.T61String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString
        or UniversalTagNumber.VisibleString;

    // OpenSSL folds only ASCII: trims, collapses runs of whitespace to one space and lower-cases A-Z.
    private static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim(' ', '\t', '\n', '\r', '\f', '\v'))
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
        }
        return builder.ToString();
    }
}
