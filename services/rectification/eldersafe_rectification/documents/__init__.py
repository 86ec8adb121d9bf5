"""Printable Chinese documents: the rectification notice (整改通知书) and the supervision order (督办单)."""
