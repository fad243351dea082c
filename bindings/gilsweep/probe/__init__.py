"""`gilsweep probe`, `calibrate --emit-header` and the census's measurements:
does a callable release the GIL, and from what argument size (gil_probe); without
a GIL, do its calls run in parallel (parallel); what one release costs
(round_trip); the measured thresholds as a C header (c_header). The entry point
is api.run_probe; docs/probe.md says how a verdict is reached."""
