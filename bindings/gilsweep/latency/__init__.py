"""`gilsweep latency` and `gilsweep gc-pause`: what a call costs the program's
other threads (docs/latency.md, docs/free-threaded.md). victim (the measured
thread and its echo peer), load (the workers), phased (what both runs share),
run, analysis, report; gc_pause and gc_report for the GC pause without a GIL."""
