"""The generator of the synthetic technology-market labelled set (run by scripts/make_market_corpus.py).

`material` parses the hand-written domain material (material/*.txt), `vocabulary` holds the word lists and
sentence parts, `design` the set's sizes and mixes, `listings` and `demands` write the rows, `judgements`
grades them from the latent labels and `write` stores the three files.
"""
