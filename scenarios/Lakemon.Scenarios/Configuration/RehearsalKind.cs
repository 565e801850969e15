namespace Lakemon.Scenarios.Configuration;

public enum RehearsalKind
{
    UploadStorm,
    ReadStorm,
    MetadataStorm,
    TpcMatrix,
    Mixed,
}
