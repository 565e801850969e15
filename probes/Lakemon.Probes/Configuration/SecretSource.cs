namespace Lakemon.Probes.Configuration;

/// <summary>Reads a secret that the configuration names by environment variable or file, with an error a user can act
/// on that never contains the secret itself.</summary>
public static class SecretSource
{
    public static string? Read(string? environmentVariable, string? file, string what, out string? error)
    {
        error = null;
        if (environmentVariable is not null)
        {
            var value = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                error = $"{what}: environment variable {environmentVariable} is not set";
                return null;
            }
            return value.Trim();
        }
        if (file is not null)
        {
            try
            {
                var value = File.ReadAllText(file).Trim();
                if (value.Length == 0)
                {
                    error = $"{what}: {file} is empty";
                    return null;
                }
                return value;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"{what}: cannot read {file}: {e.Message}";
                return null;
            }
        }
        return null;
    }
}
