"""Exports the TorchScript ε-model fixtures under core/src/test/resources/org/invwb/core/nn/diffusion/.

The signature a TorchScript ε-model must have (see DiffusionModelSpec):

    forward(x: Tensor[N, C, H, W] float32, t: Tensor[N] int64, c: Tensor[N] int64) -> Tensor[N, C, H, W]

with t in 0..T-1 and c in 0..numClasses, c == numClasses meaning "no class" (the null class of
classifier-free guidance).

- eps-tiny.pt: a small ε-model for 1x28x28 images, 10 classes, T = 1000 (a convolution, the sum of a
  timestep and a class embedding added per channel, SiLU, a convolution), weights drawn from seed 0,
  saved with torch.jit.script.
- eps-tiny.json: two inputs drawn from seed 1 with timesteps [3, 999] and classes [7, 10], the module's
  ε for them, and the classifier-free guided ε(∅) + 3·(ε(c) − ε(∅)) for classes [7, 2].
- eps-two-args.pt: forward(x, t) without the class: a wrong signature the loader must refuse.
- eps-flat.pt: returns (N, 10) instead of ε of the input's shape: the loader must refuse it.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 tools/export_diffusion_torchscript_fixture.py
"""
import json
from pathlib import Path

import torch


class TinyEps(torch.nn.Module):
    def __init__(self, channels: int = 1, classes: int = 10, timesteps: int = 1000, width: int = 8):
        super().__init__()
        self.conv_in = torch.nn.Conv2d(channels, width, 3, padding=1)
        self.time = torch.nn.Embedding(timesteps, width)
        self.label = torch.nn.Embedding(classes + 1, width)
        self.conv_out = torch.nn.Conv2d(width, channels, 3, padding=1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        h = self.conv_in(x) + (self.time(t) + self.label(c))[:, :, None, None]
        return self.conv_out(torch.nn.functional.silu(h))


class TwoArgs(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 1, 3, padding=1)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Flat(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(28 * 28, 10)

    def forward(self, x: torch.Tensor, t: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        return self.linear(x.flatten(1))


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "core/src/test/resources/org/invwb/core/nn/diffusion"
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = TinyEps().eval()
    torch.jit.script(model).save(str(out / "eps-tiny.pt"))
    torch.jit.script(TwoArgs()).save(str(out / "eps-two-args.pt"))
    torch.jit.script(Flat()).save(str(out / "eps-flat.pt"))

    generator = torch.Generator().manual_seed(1)
    x = torch.randn(2, 1, 28, 28, generator=generator)
    t = torch.tensor([3, 999])
    c = torch.tensor([7, 10])
    with torch.no_grad():
        eps = model(x, t, c)
        labels = torch.tensor([7, 2])
        unconditional = model(x, t, torch.full((2,), 10))
        guided = unconditional + 3 * (model(x, t, labels) - unconditional)
    record = {
        "shape": list(x.shape),
        "x": x.flatten().tolist(),
        "timesteps": t.tolist(),
        "classes": c.tolist(),
        "eps": eps.flatten().tolist(),
        "guidedClasses": labels.tolist(),
        "guidance": 3,
        "guided": guided.flatten().tolist(),
    }
    (out / "eps-tiny.json").write_text(json.dumps(record))
    print("wrote", out)
