namespace Lakemon.Probes.Configuration;

/// <summary>The checksum an RSE is asked for after an upload (YAML: adler32, md5).</summary>
public enum ChecksumAlgorithm
{
    Adler32,
    Md5,
}
