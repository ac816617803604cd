"""Pure rules of the talent app (no Django, no other innozone package).

pool  the draw's data (experts, ties, items, rules, results) and the pool digest
draw  draw_panels, replace_with_reserve (re-exports everything of pool)
"""
