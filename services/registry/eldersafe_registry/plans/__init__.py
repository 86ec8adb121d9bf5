"""The registry's copy of approved facility plans (一院一策), which gates suspension and shutdown."""
