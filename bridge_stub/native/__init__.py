"""The simulated app's native side: what it answers to each bridge command (the app core, the
OneSignal SDK in both generations, Device Info and the OneSignal info) and what it keeps
beside the page (the shell). The bridge package routes messages here; nothing here knows the
message format beyond the keys that name a callback."""
