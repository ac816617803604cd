"""Who may do what in special funds: one module per part (calls, reviews, projects); each function returns
(allowed, reason) as everywhere in InnoZone."""
