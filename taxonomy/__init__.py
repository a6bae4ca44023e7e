"""The shared vocabulary: the themes every page type and every network record is tagged with."""
