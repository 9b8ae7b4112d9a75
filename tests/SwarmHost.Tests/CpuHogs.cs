using System.Diagnostics;

namespace SwarmHost.Tests;

/// <summary>Busy processes beside a test (<c>yes &gt;/dev/null</c>), as a shared CI machine has: started on construction, killed on dispose.</summary>
internal sealed class CpuHogs : IDisposable
{
    private readonly List<Process> _hogs = [];

    public CpuHogs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _hogs.Add(ExternalTool.Start("sh", "-c", "exec yes >/dev/null"));
        }
    }

    public void Dispose()
    {
        foreach (var hog in _hogs)
        {
            try
            {
                hog.Kill();
                hog.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            hog.Dispose();
        }
    }
}
