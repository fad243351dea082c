"""`gilsweep latency`: the other half of the GIL story. While worker threads
call a kernel in a loop, how late does another thread of the program run, and
how fast can it do blocking I/O (Beazley's convoy)? victim (the measured
thread and its echo peer), load (the workers), run (the schedule, the canary,
the raw trials), analysis (estimates from raw trials), report (summary, table,
CSV, plot). Without a GIL, the pause a garbage collection imposes on every
thread is the cost that stays: gc_pause (`gilsweep gc-pause`: the run) and
gc_report (its folder)."""
