#!/usr/bin/env python3
"""Parses shared config texts with botocore's own reader, for SharedConfigBotocoreTests.

Reads a JSON array of file texts on stdin; prints a JSON array with, for each, either
{"sections": {section: {key: raw value}}} from botocore.configloader.raw_config_parse (nested
blocks left as the raw text configparser gives, parse_subsections=False) or {"error": "..."}
when botocore refuses the file.
"""
import json
import os
import sys
import tempfile

try:
    import botocore.configloader
    import botocore.exceptions
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)


def parse(text):
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
        f.write(text)
    try:
        return {"sections": botocore.configloader.raw_config_parse(f.name, parse_subsections=False)}
    except botocore.exceptions.ConfigParseError as error:
        return {"error": str(error)}
    finally:
        os.unlink(f.name)


json.dump([parse(text) for text in json.load(sys.stdin)], sys.stdout)
