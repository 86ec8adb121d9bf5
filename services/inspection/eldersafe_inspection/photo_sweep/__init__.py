"""The worker's photo sweep. It sits above both tables whose rows hold photo files' keys (``photo`` in ``photos/``,
``tip_photo`` in ``tipoffs/tips/``), so that ``photos/`` stays a leaf that knows no other domain."""
