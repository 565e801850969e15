namespace Lakemon.Scenarios.Engine;

/// <summary>A table a scenario adds to the final report; <see cref="Passed"/> (null: no verdict) joins the run's
/// verdict.</summary>
public sealed record ReportSection(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, bool? Passed);
