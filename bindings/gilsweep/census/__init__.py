"""`gilsweep census`: which popular callables release the GIL, from what argument
size, by the probe over curated lists (docs/census.md): listing (the lists and
--only), fixtures (callables that need a pipe or database first), run, confirm
(a second probe of each threshold), report (census.json, census.md), compare."""
