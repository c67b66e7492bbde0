"""Plain-PyTorch baseline for `./invwb bench inverting-gradients`: iterations per second of the
Inverting Gradients loop (forward in train mode, parameter gradient with create_graph, cosine distance
over all layers plus 1e-4 anisotropic TV, gradient to the dummy images, sign, Adam step, clamp to
[0, 1], the objective read back to the host) on the ConvNet of Geiping et al. (width 64), 32x32
colour, 100 classes, float32.

    /usr/bin/python3 tools/bench_ig_torch.py [iterations] [threads] [device] [batch ...]
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_net(width=64, classes=100):
    layers = []
    channels = 3
    for i, multiplier in enumerate([1, 2, 2, 4, 4, 4, 4, 4]):
        out = multiplier * width
        layers += [nn.Conv2d(channels, out, 3, padding=1), nn.BatchNorm2d(out), nn.ReLU()]
        if i in (5, 7):
            layers.append(nn.MaxPool2d(3))
        channels = out
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(36 * width, classes))


def total_variation(x):
    return (x[:, :, :, :-1] - x[:, :, :, 1:]).abs().mean() + (x[:, :, :-1, :] - x[:, :, 1:, :]).abs().mean()


def measure(batch, iterations, device):
    torch.manual_seed(0)
    net = conv_net().to(device).train()
    params = list(net.parameters())
    labels = torch.arange(batch, device=device) * 7 % 100
    truth = torch.rand(batch, 3, 32, 32, device=device)
    target = [g.detach() for g in torch.autograd.grad(F.cross_entropy(net(truth), labels), params)]
    target_norm = sum(t.pow(2).sum() for t in target).sqrt()
    x = torch.randn(batch, 3, 32, 32, device=device, requires_grad=True)
    optimiser = torch.optim.Adam([x], lr=0.1)

    def step():
        optimiser.zero_grad()
        grads = torch.autograd.grad(F.cross_entropy(net(x), labels), params, create_graph=True)
        dot = sum((g * t).sum() for g, t in zip(grads, target))
        norm = sum(g.pow(2).sum() for g in grads).sqrt()
        objective = 1 - dot / norm / target_norm + 1e-4 * total_variation(x)
        objective.backward()
        x.grad.sign_()
        optimiser.step()
        with torch.no_grad():
            x.clamp_(0, 1)
        return objective.item()

    for _ in range(max(1, iterations // 10)):
        step()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    seconds = time.perf_counter() - start
    return iterations / seconds


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    if len(sys.argv) > 2 and int(sys.argv[2]) > 0:
        torch.set_num_threads(int(sys.argv[2]))
    device = sys.argv[3] if len(sys.argv) > 3 else "cpu"
    batches = [int(b) for b in sys.argv[4:]] or [1, 8]
    for batch in batches:
        rate = measure(batch, iterations, device)
        print(json.dumps({"method": "inverting-gradients", "model": "convnet", "batch": batch,
                          "engine": "pytorch " + torch.__version__, "device": device,
                          "threads": torch.get_num_threads(), "evaluationsPerSecond": round(rate, 2)}))


if __name__ == "__main__":
    main()
