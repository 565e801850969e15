using Lakemon.Probes.Configuration;

namespace Lakemon.Tests.Configuration;

public class CronScheduleTests
{
    [Theory]
    [InlineData("*/15 * * * *", "0 */15 * * * ?")]
    [InlineData("0 * * * *", "0 0 * * * ?")]
    [InlineData("30 2 1 * *", "0 30 2 1 * ?")]
    [InlineData("0  3 *\t* *", "0 0 3 * * ?")]
    [InlineData("0 3 * * 0", "0 0 3 ? * 1")]
    [InlineData("0 3 * * 7", "0 0 3 ? * 1")]
    [InlineData("0 3 * * 6", "0 0 3 ? * 7")]
    [InlineData("0 3 * * 1-5", "0 0 3 ? * 2-6")]
    [InlineData("0 3 * * 5-7", "0 0 3 ? * 1,6-7")]
    [InlineData("0 3 * * 0,3", "0 0 3 ? * 1,4")]
    [InlineData("0 3 * * 1-5/2", "0 0 3 ? * 2,4,6")]
    [InlineData("0 3 * * */2", "0 0 3 ? * */2")]
    [InlineData("0 3 * * mon-fri", "0 0 3 ? * MON-FRI")]
    [InlineData("0 3 * * SUN,sat", "0 0 3 ? * SUN,SAT")]
    [InlineData("0 3 * jan,jul *", "0 0 3 * JAN,JUL ?")]
    [InlineData("0 3 * JAN-DEC/3 *", "0 0 3 * 1,4,7,10 ?")]
    [InlineData("0 9-17/2 1-15 * *", "0 0 9-17/2 1-15 * ?")]
    [InlineData("0 0/5 * * * ?", "0 0/5 * * * ?")]
    [InlineData("0 15 10 ? * 6L 2030", "0 15 10 ? * 6L 2030")]
    [InlineData("0 0 12 LW * ?", "0 0 12 LW * ?")]
    [InlineData("0 0 12 L-3 * ?", "0 0 12 L-3 * ?")]
    [InlineData("0 0 12 15W * ?", "0 0 12 15W * ?")]
    [InlineData("0 0 12 ? * mon#2", "0 0 12 ? * MON#2")]
    [InlineData("0 0 22-2 * * ?", "0 0 22-2 * * ?")]
    [InlineData("0 0 12 ? * FRI-MON", "0 0 12 ? * FRI-MON")]
    public void TryParse_ValidExpression_GivesQuartzForm(string expression, string quartz)
    {
        Assert.True(CronSchedule.TryParse(expression, out var schedule, out var error), error);
        Assert.Equal(expression, schedule.Expression);
        Assert.Equal(quartz, schedule.QuartzExpression);
    }

    [Theory]
    [InlineData("0 24 * * *", "field 2 (hour): 24 is out of range 0-23")]
    [InlineData("60 * * * *", "field 1 (minute): 60 is out of range 0-59")]
    [InlineData("* * 0 * *", "field 3 (day-of-month): 0 is out of range 1-31")]
    [InlineData("* * * 13 *", "field 4 (month): 13 is out of range 1-12")]
    [InlineData("* * * foo *", "field 4 (month): 'foo' is not a number or a month name")]
    [InlineData("* * * * 8", "field 5 (day-of-week): 8 is out of range 0-7")]
    [InlineData("* * * * FUN", "field 5 (day-of-week): 'FUN' is not a number or a weekday name")]
    [InlineData("x * * * *", "field 1 (minute): 'x' is not a number")]
    [InlineData("5-2 * * * *", "field 1 (minute): range 5-2 is reversed")]
    [InlineData("*/0 * * * *", "field 1 (minute): step 0 is out of range 1-59")]
    [InlineData("*/a * * * *", "field 1 (minute): step 'a' is not a number")]
    [InlineData("1,,2 * * * *", "field 1 (minute): empty value in list")]
    [InlineData("? * * * *", "field 1 (minute): '?' is Quartz syntax and needs a 6- or 7-field expression")]
    [InlineData("* * * *", "expected 5 fields (Unix cron) or 6-7 fields (Quartz, seconds first), got 4")]
    [InlineData("", "expected 5 fields (Unix cron) or 6-7 fields (Quartz, seconds first), got 0")]
    [InlineData("0 0 1 * 1", "day-of-month and day-of-week are both restricted; Unix cron matches either, which Quartz cannot express")]
    [InlineData("0 0 12 * * *", "exactly one of day-of-month (field 4) and day-of-week (field 6) must be '?'")]
    [InlineData("0 0 12 ? * ?", "exactly one of day-of-month (field 4) and day-of-week (field 6) must be '?'")]
    [InlineData("0 0 ? * * MON", "field 3 (hour): '?' is only allowed in day-of-month and day-of-week")]
    [InlineData("0 0 12 L,5 * ?", "field 4 (day-of-month): 'L' cannot be combined with other values in a list")]
    [InlineData("0 0 12 L-31 * ?", "field 4 (day-of-month): offset '31' is out of range 1-30")]
    [InlineData("0 0 12 ? * MON#6", "field 6 (day-of-week): occurrence '6' is out of range 1-5")]
    [InlineData("0 0 12 ? * 0", "field 6 (day-of-week): 0 is out of range 1-7")]
    [InlineData("0 0 12 ? * MON-FRI/2", "field 6 (day-of-week): 'MON-FRI/2': Quartz does not accept a step after names; use numbers")]
    [InlineData("0 0 12 ? * 1 1969", "field 7 (year): 1969 is out of range 1970-2099")]
    [InlineData("60 0 12 ? * 1", "field 1 (second): 60 is out of range 0-59")]
    public void TryParse_InvalidExpression_NamesFieldAndReason(string expression, string expected)
    {
        Assert.False(CronSchedule.TryParse(expression, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parse_InvalidExpression_Throws() =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse("0 24 * * *"));
}
