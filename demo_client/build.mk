# demo_client/build.mk: filled in by the demo_client work
