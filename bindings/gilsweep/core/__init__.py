"""What is called and how it is timed, shared by every command: the workload
registry, the modes and their callables, the runners (threads, processes, the
Swift worker, Dask) and their windows, the canary and the machine's weather, the
schedule of interleaved trials and its statistics, the interpreter's build, and
what every results folder records. Nothing here imports the commands built on it
(docs/architecture.md)."""
