"""Exports the TorchScript test fixtures under core/src/test/resources/org/invwb/core/nn/torchscript/.

- mlp-28.pt: a small classifier (1x28x28 -> 10 logits: flatten, linear 784->32, ReLU, dropout 0.5,
  linear 32->10) with weights drawn from seed 0, saved with torch.jit.script. The dropout makes the
  reference logits depend on eval mode, so a loader that runs the module in training mode fails.
- mlp-28.json: three inputs drawn from seed 1, the module's eval-mode logits for them, and the gradient
  of sum_i logits[i, classes[i]] with respect to the inputs.
- detached-28.pt: the same network whose forward detaches its output, so no gradient reaches the input;
  the loader must refuse it.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 tools/export_torchscript_fixture.py
"""
import json
from pathlib import Path

import torch


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Linear(28 * 28, 32), torch.nn.ReLU(), torch.nn.Dropout(0.5),
            torch.nn.Linear(32, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class Detached(Mlp):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).detach()


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "core/src/test/resources/org/invwb/core/nn/torchscript"
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = Mlp().eval()
    detached = Detached().eval()
    detached.load_state_dict(model.state_dict())
    torch.jit.script(model).save(str(out / "mlp-28.pt"))
    torch.jit.script(detached).save(str(out / "detached-28.pt"))

    generator = torch.Generator().manual_seed(1)
    inputs = torch.rand(3, 1, 28, 28, generator=generator, dtype=torch.float64).float()
    classes = [3, 7, 0]
    x = inputs.clone().requires_grad_(True)
    logits = model(x)
    picked = logits[torch.arange(3), torch.tensor(classes)].sum()
    (gradient,) = torch.autograd.grad(picked, x)
    record = {
        "shape": list(inputs.shape),
        "inputs": inputs.flatten().tolist(),
        "logits": logits.detach().flatten().tolist(),
        "classes": classes,
        "gradient": gradient.flatten().tolist(),
    }
    (out / "mlp-28.json").write_text(json.dumps(record))
    print("wrote", out)
