"""Compile a C header exported by glassnet with a small driver, and run it on many inputs."""

import shutil
import subprocess
from pathlib import Path

import numpy as np

from tests.conftest import skip_without_tool

CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O2"]

DRIVER = """\
#include <stdio.h>
#include "{header}"

/* Reads raw float32 inputs from stdin; writes each label (int32) and outputs (float32). */
int main(void)
{{
    static float values[{upper}_N_INPUTS];
    float outputs[{upper}_N_OUTPUTS];
    while (fread(values, sizeof(float), {upper}_N_INPUTS, stdin) == {upper}_N_INPUTS) {{
        int label;
        {name}_preprocess(values);
        label = {name}_predict(values, outputs);
        fwrite(&label, sizeof label, 1, stdout);
        fwrite(outputs, sizeof(float), {upper}_N_OUTPUTS, stdout);
    }}
    return 0;
}}
"""


def compiler() -> str:
    found = shutil.which("gcc")
    if found is None:
        skip_without_tool("gcc is not installed")
    return found


def run_header(header: Path, name: str, raw: np.ndarray, n_outputs: int):
    """Compile ``header`` with the driver (warnings are errors) and run it on the rows of ``raw``."""
    source = header.with_name(f"{name}_driver.c")
    source.write_text(DRIVER.format(header=header.name, name=name, upper=name.upper()))
    program = header.with_name(f"{name}_driver")
    subprocess.run(
        [compiler(), *CFLAGS, "-o", str(program), str(source), "-lm"],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [str(program)],
        input=np.ascontiguousarray(raw, dtype=np.float32).tobytes(),
        capture_output=True,
        check=True,
    )
    records = np.frombuffer(
        result.stdout, dtype=[("label", "<i4"), ("outputs", "<f4", (n_outputs,))]
    )
    assert len(records) == len(raw)
    return records["label"], records["outputs"].astype(np.float64)
