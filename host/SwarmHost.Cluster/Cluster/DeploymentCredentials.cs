using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwarmHost.Cluster;

/// <summary>
/// The deployment's shared secrets, read from a folder only its owner can read: <c>cluster.crt</c>
/// and <c>cluster.key</c> (PEM; every member presents this certificate and accepts only peers that
/// present it too — mutual TLS), and <c>media.key</c> (the SRT passphrase that encrypts media
/// between nodes). <see cref="Create"/> makes a fresh set. The secrets never appear in a command
/// line, a log, an event or a written manifest: only the folder's path does.
/// </summary>
public sealed class DeploymentCredentials
{
    /// <summary>The environment variable naming the credentials folder when <c>--credentials</c> is not given.</summary>
    public const string EnvironmentVariable = "SWARMHOST_CREDENTIALS";

    private const string CertificateFile = "cluster.crt";
    private const string KeyFile = "cluster.key";
    private const string MediaKeyFile = "media.key";

    private DeploymentCredentials(string folder, X509Certificate2 certificate, string mediaPassphrase)
    {
        Folder = folder;
        Certificate = certificate;
        MediaPassphrase = mediaPassphrase;
    }

    /// <summary>The folder they were read from.</summary>
    public string Folder { get; }

    /// <summary>The deployment's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The SRT passphrase for media between nodes (AES).</summary>
    public string MediaPassphrase { get; }

    /// <summary>Whether <paramref name="peer"/> is the deployment's certificate (the same public key and thumbprint).</summary>
    public bool Admits(X509Certificate? peer) =>
        peer is not null && string.Equals(peer.GetCertHashString(HashAlgorithmName.SHA256), Certificate.GetCertHashString(HashAlgorithmName.SHA256), StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the credentials in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidOperationException">A file is missing, unreadable, readable by others or malformed: the message names it and says what to do.</exception>
    public static DeploymentCredentials Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var problems = new List<string>();
        foreach (var name in new[] { CertificateFile, KeyFile, MediaKeyFile })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                problems.Add($"{path} is missing");
            }
            else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                problems.Add($"{path} can be read or written by other users (chmod 600 it)");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"the deployment's credentials in {folder} cannot be used: {string.Join("; ", problems)}. `swarmhost credentials new <dir>` makes a fresh set; copy the same set to every node.");
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(Path.Combine(folder, CertificateFile), Path.Combine(folder, KeyFile));
            var certificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null); // a key TLS can use on every platform
            var passphrase = File.ReadAllText(Path.Combine(folder, MediaKeyFile)).Trim();
            if (passphrase.Length is < 10 or > 79)
            {
                throw new InvalidOperationException($"{Path.Combine(folder, MediaKeyFile)} must hold an SRT passphrase of 10 to 79 characters");
            }

            return new DeploymentCredentials(Path.GetFullPath(folder), certificate, passphrase);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"the deployment's certificate in {folder} cannot be read ({ex.Message}); `swarmhost credentials new <dir>` makes a fresh set", ex);
        }
    }

    /// <summary>Makes a fresh set of credentials in <paramref name="folder"/> (created 0700, files 0600) and reads it back.</summary>
    /// <exception cref="InvalidOperationException">The folder already holds credentials.</exception>
    public static DeploymentCredentials Create(string folder, string deployment)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(Path.Combine(folder, CertificateFile)) || File.Exists(Path.Combine(folder, KeyFile)))
        {
            throw new InvalidOperationException($"{folder} already holds credentials; remove them first or choose another folder");
        }

        var created = Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(created.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = RSA.Create(3072);
        var request = new CertificateRequest($"CN=SwarmHost deployment {deployment}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
        WritePrivate(Path.Combine(folder, CertificateFile), certificate.ExportCertificatePem());
        WritePrivate(Path.Combine(folder, KeyFile), key.ExportPkcs8PrivateKeyPem());
        WritePrivate(Path.Combine(folder, MediaKeyFile), Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant() + "\n");
        return Load(folder);
    }

    /// <summary>The folder named by <paramref name="option"/>, else by <see cref="EnvironmentVariable"/>; <c>null</c> when neither names one.</summary>
    public static string? FolderFrom(string? option) =>
        !string.IsNullOrEmpty(option) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(content);
    }
}
