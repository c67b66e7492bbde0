#!/usr/bin/env python3
"""Ships the weights of a finished training run as bundled:NAME.

Copies RUN/weights.safetensors to core/src/main/resources/org/invwb/core/nn/weights/NAME.safetensors
and writes NAME.json beside it: the run's full spec (every value it used), its measured test
accuracy on the test split it names, and the command that reproduces it.

    python3 tools/ship_trained_weights.py RUN_FOLDER NAME

A GAN's figure of merit is what a shipped classifier makes of its samples, which ShippedGanTest
measures; give it as a JSON object (classifier, samples, histogram, inTrainedClasses) and it is
recorded as sampleClassification:

    python3 tools/ship_trained_weights.py RUN_FOLDER NAME '{"classifier": "bundled:mlp-mnist", ...}'
"""
import json
import shutil
import sys
from pathlib import Path

WEIGHTS = Path(__file__).resolve().parent.parent / "core/src/main/resources/org/invwb/core/nn/weights"


def main(run: Path, name: str, samples: str = None) -> None:
    report = json.loads((run / "report.json").read_text())
    methods = ("train-classifier", "train-backdoored", "train-diffusion", "train-gan")
    # a GAN run cancelled after k iterations holds the weights of its spec with k iterations: nothing in
    # the loop depends on the total
    cancelled_gan = report["method"] == "train-gan" and report["status"] == "cancelled"
    if (report["status"] != "done" and not cancelled_gan) or report["method"] not in methods:
        sys.exit(f"{run}: not a finished {', '.join(methods)} run (status {report['status']})")
    spec = json.loads((run / "spec.json").read_text())
    metrics = report["metrics"]
    if cancelled_gan:
        spec["parameters"]["iterations"] = metrics["iterations"]
    record = {"name": name, "spec": spec}
    if report["method"] == "train-gan":
        record.update({key: metrics[key] for key in ("discriminatorLoss", "generatorLoss", "wasserstein",
                                                     "gradientPenalty", "iterations") if key in metrics})
        if samples:
            record["sampleClassification"] = json.loads(samples)
    elif report["method"] != "train-diffusion":
        record.update({
            "testAccuracy": metrics["testAccuracy"],
            "testImages": metrics["testImages"],
            "trainLoss": metrics["trainLoss"],
            **{key: metrics[key] for key in ("attackSuccessRate", "poisonedImages", "targetClass", "pixelRange")
               if key in metrics},
        })
    else:
        # a diffusion model's figure of merit, the accuracy of a classifier on its guided samples, is measured by
        # ShippedUNetTest
        record["lossAverage"] = metrics["lossAverage"]
        record["steps"] = metrics["steps"]
    record.update({
        "trainImages": metrics["trainImages"],
        "parameters": metrics["parameters"],
        "trainSeconds": round(report["seconds"], 1),
        "versions": report["versions"],
        "reproduce": f"INVWB_JAVA_OPTS=-Dinvwb.threads=1 ./invwb train sample-projects/training/{name}.json"
                     f" --out runs/{name}",
    })
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run / "weights.safetensors", WEIGHTS / f"{name}.safetensors")
    (WEIGHTS / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n")
    figure = ("test accuracy " + str(record["testAccuracy"]) if "testAccuracy" in record
              else "smoothed loss " + str(record["lossAverage"]) if "lossAverage" in record
              else "samples " + json.dumps(record.get("sampleClassification")))
    print(f"{name}: {figure}, "
          f"{(WEIGHTS / f'{name}.safetensors').stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
