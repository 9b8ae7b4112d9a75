using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>
/// Decides from a package dll's metadata alone — before any of its types are loaded — whether it
/// was built against a contract this host supports: same major, minor no newer than the host's.
/// </summary>
public static class ContractVersionGate
{
    /// <summary>The contract assembly's simple name.</summary>
    public static readonly string ContractAssemblyName = typeof(IComponentFactory).Assembly.GetName().Name!;

    /// <summary>The contract version this host implements.</summary>
    public static Version HostContractVersion { get; } = typeof(IComponentFactory).Assembly.GetName().Version!;

    /// <summary>Reads the contract version <paramref name="assemblyPath"/> references and judges it.</summary>
    /// <param name="assemblyPath">The package dll.</param>
    /// <param name="referenced">The referenced contract version, or <c>null</c> when none could be read.</param>
    /// <returns><c>null</c> when supported, else the status and one-line reason.</returns>
    public static (PackageStatus Status, string Reason)? Check(string assemblyPath, out Version? referenced)
    {
        referenced = null;
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return (PackageStatus.Malfunctioned, $"{Path.GetFileName(assemblyPath)} is not a .NET assembly; rebuild the package as a .NET class library");
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, ContractAssemblyName))
                {
                    referenced = reference.Version;
                    break;
                }
            }
        }
        catch (BadImageFormatException ex)
        {
            return (PackageStatus.Malfunctioned, $"{Path.GetFileName(assemblyPath)} is not a loadable .NET assembly ({ex.Message}); rebuild the package");
        }
        catch (IOException ex)
        {
            return (PackageStatus.Malfunctioned, $"cannot read {Path.GetFileName(assemblyPath)}: {ex.Message}");
        }

        if (referenced is null)
        {
            return (PackageStatus.NotSupported, $"does not reference {ContractAssemblyName}; not a SwarmHost plugin package");
        }

        var host = HostContractVersion;
        if (referenced.Major != host.Major || referenced.Minor > host.Minor)
        {
            return (PackageStatus.NotSupported,
                $"built against contract {referenced.Major}.{referenced.Minor}, this host supports {host.Major}.0 to {host.Major}.{host.Minor}; rebuild the package against {ContractAssemblyName} {host.Major}.{host.Minor}");
        }

        return null;
    }
}
