"""What the OneSignal SDK inside a Median app answers to each bridge command (v5 and legacy)."""
