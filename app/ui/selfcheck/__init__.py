"""The device self-check (设备检测): the checks and their screen."""
