"""The two directions of the sync and the initial sync, each object's steps in order."""
