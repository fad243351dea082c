"""`gilsweep census`: which popular callables release the GIL, and from what
argument size, by `gilsweep probe` over curated lists; and what one release
costs. listing (the lists: stdlib.toml, numpy.toml, or a user's, and the
entries --only picks), fixtures (callables that need a pipe or a database
first), run (each entry's threshold search, the census as a whole), confirm
(a second, independent probe of every threshold), report (census.json,
census.md), compare (censuses side by side). The round trip's measurement is
the sweep's (sweep/round_trip.py): `gilsweep calibrate` prints it too."""
