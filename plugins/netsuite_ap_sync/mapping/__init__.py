"""API answers -> warehouse rows -> the rules' input records."""
