using System.Globalization;
using System.Security.Cryptography;
using Lakemon.Probes.Storage;

namespace Lakemon.Probes.Campaigns;

/// <summary>
/// Where probe files live (DESIGN.md §2): <c>&lt;rse prefix&gt;/lakemon-probes/&lt;run_id&gt;/...</c>, where both the
/// run id and every file name start with a UTC creation stamp, so a janitor can judge age from the name alone — even
/// when the probe that wrote the file was killed and the server's mtimes are unreliable.
/// </summary>
public static class ProbePaths
{
    public const string Directory = "lakemon-probes";

    private const string StampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>A new run id: creation stamp plus 6 random hex digits, e.g. 20261129T042351Z-3fa91c.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{Stamp(now)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>The probe area of one door: <c>prefix/lakemon-probes</c>.</summary>
    public static Uri Root(Uri prefix) => StorageUrl.Child(prefix, Directory);

    /// <summary>The directory of one run on one door.</summary>
    public static Uri RunDirectory(Uri prefix, string runId) => StorageUrl.Child(Root(prefix), runId);

    /// <summary>A fresh file name in the run directory, or in <paramref name="folder"/> below it, e.g.
    /// <c>.../lakemon-probes/RUN/20261129T042351Z-root-1048576-ab12cd34.bin</c>.</summary>
    public static Uri NewFile(Uri prefix, string runId, string? folder, string label, DateTimeOffset now)
    {
        var directory = RunDirectory(prefix, runId);
        if (folder is not null)
        {
            directory = StorageUrl.Child(directory, folder);
        }
        return StorageUrl.Child(directory, $"{Stamp(now)}-{label}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.bin");
    }

    /// <summary>The creation time carried by a run id or file name made here; null for any other name.</summary>
    public static DateTimeOffset? CreatedAt(string name)
    {
        var stampLength = "yyyyMMddTHHmmssZ".Length;
        if (name.Length < stampLength)
        {
            return null;
        }
        return DateTimeOffset.TryParseExact(name[..stampLength], StampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created)
            ? created
            : null;
    }

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);
}
