"""The IVR example and its tests."""
