"""The tick's queries, by concern: the due set of a hazard stage, its recipients, the rows it writes, the supervision
orders due, and the one-replica lock."""
