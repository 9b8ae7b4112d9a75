using SwarmHost.Cli;

return SwarmHostCli.Run(args, Console.Out, Console.Error);
