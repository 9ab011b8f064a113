"""Synthetic benchmark corpora: documents and curated CSVs at any scale, every row labelled synthetic.

The output has exactly the layout the real build reads (seeds/ + sources.csv, data/ with
entities, aliases, fx_rates and curated/*.csv), so `python -m landscape build --seeds DIR/seeds
--data DIR/data` builds it. It is never written into the project's own seeds/ or data/.
"""

from landscape.synth.generator import GENERATOR_VERSION, SynthError, SynthResult, generate
from landscape.synth.sizes import SCALES, Sizes

__all__ = ["GENERATOR_VERSION", "SCALES", "Sizes", "SynthError", "SynthResult", "generate"]
