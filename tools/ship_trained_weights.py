#!/usr/bin/env python3
"""Ships the weights of a finished training run as bundled:NAME.

Copies RUN/weights.safetensors to core/src/main/resources/org/invwb/core/nn/weights/NAME.safetensors
and writes NAME.json beside it: the run's full spec (every value it used), its measured test
accuracy on the test split it names, and the command that reproduces it.

    python3 tools/ship_trained_weights.py RUN_FOLDER NAME
"""
import json
import shutil
import sys
from pathlib import Path

WEIGHTS = Path(__file__).resolve().parent.parent / "core/src/main/resources/org/invwb/core/nn/weights"


def main(run: Path, name: str) -> None:
    report = json.loads((run / "report.json").read_text())
    if report["status"] != "done" or report["method"] != "train-classifier":
        sys.exit(f"{run}: not a finished train-classifier run (status {report['status']})")
    spec = json.loads((run / "spec.json").read_text())
    metrics = report["metrics"]
    record = {
        "name": name,
        "spec": spec,
        "testAccuracy": metrics["testAccuracy"],
        "testImages": metrics["testImages"],
        "trainImages": metrics["trainImages"],
        "trainLoss": metrics["trainLoss"],
        "parameters": metrics["parameters"],
        "trainSeconds": round(report["seconds"], 1),
        "versions": report["versions"],
        "reproduce": f"INVWB_JAVA_OPTS=-Dinvwb.threads=1 ./invwb train sample-projects/training/{name}.json"
                     f" --out runs/{name}",
    }
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run / "weights.safetensors", WEIGHTS / f"{name}.safetensors")
    (WEIGHTS / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"{name}: test accuracy {record['testAccuracy']}, "
          f"{(WEIGHTS / f'{name}.safetensors').stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), sys.argv[2])
