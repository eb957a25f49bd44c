"""The Synopse: two versions of a plan read as snapshots and compared item by item (`diff`)."""
