"""One plan per facility (一院一策) and the relocation of its residents (安置)."""
