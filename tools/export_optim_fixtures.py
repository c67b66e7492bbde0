"""Trajectories of torch.optim.Adam, AdamW and SGD on a fixed smooth problem, for OptimizerTest.

Run with PyTorch (/usr/bin/python3 here):  python3 tools/export_optim_fixtures.py
Writes core/src/test/resources/org/invwb/core/optim/optimizers-torch.json
"""
import json
import math
import torch

torch.set_default_dtype(torch.float64)


def loss(a, b):
    # f = sum(c * a^2) + sum(sin(3 a)) + sum((b - 1)^4)
    c = torch.arange(1, 7, dtype=torch.float64).reshape(2, 3) / 4
    return (c * a * a).sum() + torch.sin(3 * a).sum() + ((b - 1) ** 4).sum()


def start():
    a = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.7, -0.3]], requires_grad=True)
    b = torch.tensor([0.0, 2.5, -1.0], requires_grad=True)
    return a, b


SETTINGS = {
    "adam-default": lambda p: torch.optim.Adam(p, lr=0.1),
    "adam-decay": lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.5, 0.9), eps=1e-6, weight_decay=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1),
    "sgd-plain": lambda p: torch.optim.SGD(p, lr=0.05),
    "sgd-momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=1e-3),
    "sgd-nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
}

out = {}
for name, make in SETTINGS.items():
    a, b = start()
    opt = make([a, b])
    steps = []
    for _ in range(6):
        opt.zero_grad()
        loss(a, b).backward()
        opt.step()
        steps.append({"a": a.detach().flatten().tolist(), "b": b.detach().tolist()})
    out[name] = steps

with open("core/src/test/resources/org/invwb/core/optim/optimizers-torch.json", "w") as f:
    json.dump({"torch": torch.__version__, "steps": out}, f, indent=1)
