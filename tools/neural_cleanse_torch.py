"""Independent PyTorch reference for the workbench's Neural Cleanse and its shipped BadNets pair.

Trains the workbench's MNIST ConvNet (inversefed's ConvNet: eight 3x3 conv-BN-ReLU blocks of 1, 2, 2, 4, 4,
4, 4, 4 times the width, 3x3 max-pools after the sixth and eighth, a linear classifier) on the 2000 bundled
MNIST training images, clean or BadNets-poisoned (a white square at the bottom right relabelled 7), then runs
Neural Cleanse (Wang et al. 2019, after github.com/bolunwang/backdoor) on the first clean test images with the
workbench's step structure, and prints every class's mask L1 norm, the anomaly indices and the flagged classes.

    # train with a recipe (here the shipped pair's: 4x4 square, 20% poisoned, 10 epochs, weight decay 0.003)
    /usr/bin/python3 tools/neural_cleanse_torch.py --poison 0.2 --patch 4 --epochs 10 --wd 0.003 --search-seeds 0 1 2
    # or inspect the workbench's weights
    /usr/bin/python3 tools/neural_cleanse_torch.py --patch 4 --search-seeds 0 1 2 \
        --weights core/src/main/resources/org/invwb/core/nn/weights/convnet-badnets-mnist.safetensors

The search defaults are NeuralCleanseTest's reduced cost; the sample's are --steps 100 --lr 0.2 --patience 5
--init-cost 0.001 --es-patience 10. Per search seed it prints every class's mask L1 norm, class 7's anomaly
index, the largest index below the median, the flagged classes and how much of class 7's mask lies on the
planted square. The PyTorch training draws differ from the workbench's, so its models are not the shipped
ones; recipes that work here were then trained with ./invwb train. Pixels are in [0, 1].
"""
import argparse
import gzip
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BUNDLED = os.path.join(os.path.dirname(__file__), "..", "core", "src", "main", "resources", "org", "invwb", "core",
                       "data", "bundled", "mnist")
MULTIPLIERS = [1, 2, 2, 4, 4, 4, 4, 4]
TANH_EPSILON = 1e-7


def idx(name):
    with gzip.open(os.path.join(BUNDLED, name), "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], dtype=np.uint8).reshape(shape)


def mnist(split):
    prefix = "train" if split == "train" else "t10k"
    x = torch.tensor(idx(prefix + "-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx(prefix + "-labels-idx1-ubyte.gz"), dtype=torch.long)
    return x, y


class ConvNet(nn.Module):
    def __init__(self, width, classes=10):
        super().__init__()
        layers = []
        c = 1
        for i, m in enumerate(MULTIPLIERS):
            layers += [nn.Conv2d(c, m * width, 3, padding=1), nn.BatchNorm2d(m * width), nn.ReLU()]
            if i in (5, 7):
                layers.append(nn.MaxPool2d(3))
            c = m * width
        self.features = nn.Sequential(*layers)
        self.linear = nn.Linear(c * 9, classes)

    def forward(self, x):
        return self.linear(self.features(x).flatten(1))


def load_safetensors(net, path):
    """The workbench's ConvNet weights (PyTorch names model.convI / model.bnI / model.linear) into ConvNet."""
    with open(path, "rb") as f:
        data = f.read()
    n, = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        a, b = e["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[e["dtype"]]
        tensors[name] = torch.tensor(np.frombuffer(data[8 + n + a:8 + n + b], dtype=dtype).reshape(e["shape"]))
    state = {}
    convs = [i for i, m in enumerate(net.features) if isinstance(m, nn.Conv2d)]
    for k, i in enumerate(convs):
        for p in ("weight", "bias"):
            state[f"features.{i}.{p}"] = tensors[f"model.conv{k}.{p}"]
        for p in ("weight", "bias", "running_mean", "running_var", "num_batches_tracked"):
            if f"model.bn{k}.{p}" in tensors:
                state[f"features.{i + 1}.{p}"] = tensors[f"model.bn{k}.{p}"]
    state["linear.weight"] = tensors["model.linear.weight"]
    state["linear.bias"] = tensors["model.linear.bias"]
    net.load_state_dict(state, strict=False)


def trigger_success(net, patch, margin):
    """Attack success rates on the non-7 test digits: the square at full and at half intensity."""
    tx, ty = mnist("test")
    with torch.no_grad():
        acc = (net(tx).argmax(1) == ty).float().mean().item()
        non7 = tx[ty != 7]
        asr = (net(stamp(non7, patch, margin)).argmax(1) == 7).float().mean().item()
        half = non7.clone()
        r = square(patch, margin)
        half[:, :, r, r] = 0.5 * half[:, :, r, r] + 0.5
        asr_half = (net(half).argmax(1) == 7).float().mean().item()
    return {"acc": round(acc, 3), "asr": round(asr, 3), "asrHalf": round(asr_half, 3)}


CORNER = "bottom-right"


def square(patch, margin):
    """The rows (and columns) of the planted square: 1 px (margin) from the corner's edges."""
    return slice(margin, margin + patch) if CORNER == "top-left" else slice(28 - margin - patch, 28 - margin)


def stamp(x, patch, margin):
    x = x.clone()
    r = square(patch, margin)
    x[:, :, r, r] = 1
    return x


def train(args, seed):
    torch.manual_seed(seed)
    x, y = mnist("train")
    tx, ty = mnist("test")
    net = ConvNet(args.width)
    n = len(x)
    g = torch.Generator().manual_seed(seed + 1)
    poisoned = torch.randperm(n, generator=g)[:round(args.poison * n)]
    x = x.clone()
    y = y.clone()
    if args.poison > 0:
        x[poisoned] = stamp(x[poisoned], args.patch, args.margin)
        y[poisoned] = 7
    opt = torch.optim.Adam(net.parameters(), lr=args.train_lr, weight_decay=args.wd)
    for epoch in range(args.epochs):
        net.train()
        order = torch.randperm(n, generator=g)
        for i in range(0, n, args.train_batch):
            b = order[i:i + args.train_batch]
            loss = F.cross_entropy(net(x[b]), y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    return net, trigger_success(net, args.patch, args.margin)


def squash(v):
    return torch.tanh(v) / (2 - TANH_EPSILON) + 0.5


def atanh_space(u):
    t = (u - 0.5) * (2 - TANH_EPSILON)
    return 0.5 * torch.log((1 + t) / (1 - t))


def search(net, x, target, a, gen):
    """One class: the workbench's steps of `mini` Adam steps, the reference's cost schedule and early stop."""
    mask_v = atanh_space(torch.rand(1, 1, 28, 28, generator=gen)).requires_grad_()
    pat_v = atanh_space(torch.rand(1, 1, 28, 28, generator=gen)).requires_grad_()
    opt = torch.optim.Adam([mask_v, pat_v], lr=a.lr, betas=(0.5, 0.9), eps=TANH_EPSILON)
    cost, set_c, up_c, down_c, up, down = 0.0, 0, 0, 0, False, False
    es_c, es_best = 0, float("inf")
    best, best_norm = None, float("inf")
    n = len(x)
    order, nxt = None, n
    for step in range(a.steps):
        hits = seen = 0
        norm_sum = 0.0
        for _ in range(a.mini):
            if nxt == n:
                order, nxt = torch.randperm(n, generator=gen), 0
            b = order[nxt:nxt + a.batch]
            nxt = min(n, nxt + a.batch)
            m, p = squash(mask_v), squash(pat_v)
            logits = net(x[b] + m * (p - x[b]))
            norm = m.sum()
            loss = F.cross_entropy(logits, torch.full((len(b),), target)) + cost * norm
            opt.zero_grad()
            loss.backward()
            opt.step()
            hits += (logits.argmax(1) == target).sum().item()
            seen += len(b)
            norm_sum += norm.item()
        success, norm = hits / seen, norm_sum / a.mini
        if success >= 0.99 and norm < best_norm:
            best, best_norm = squash(mask_v).detach(), norm
        if best_norm != float("inf"):
            es_c = es_c + 1 if best_norm >= 0.99 * es_best else 0
        es_best = min(best_norm, es_best)
        if down and up and es_c >= a.es_patience:
            break
        ok = success >= 0.99
        if cost == 0 and ok:
            set_c += 1
            if set_c >= a.patience:
                cost, up_c, down_c, up, down = a.init_cost, 0, 0, False, False
        else:
            set_c = 0
        if ok:
            up_c, down_c = up_c + 1, 0
        else:
            up_c, down_c = 0, down_c + 1
        if up_c >= a.patience:
            up_c, cost, up = 0, cost * 1.5, True
        elif down_c >= a.patience:
            down_c, cost, down = 0, cost / 1.5 ** 1.5, True
    if best is None:
        best = squash(mask_v).detach()
    return best


def anomaly(norms):
    norms = np.array(norms)
    med = np.median(norms)
    mad = 1.4826 * np.median(np.abs(norms - med))
    index = np.abs(norms - med) / mad
    flagged = [c for c in range(len(norms)) if norms[c] < med and index[c] > 2]
    return index, flagged


def neural_cleanse(net, a, seed):
    tx, _ = mnist("test")
    x = tx[:a.count] if a.count else tx
    gen = torch.Generator().manual_seed(seed)
    norms, on_square = [], []
    for c in range(10):
        m = search(net, x, c, a, gen)
        norms.append(m.sum().item())
        r = square(a.patch, a.margin)
        on_square.append(m[0, 0, r, r].sum().item())
    index, flagged = anomaly(norms)
    return norms, index, flagged, on_square


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=4)
    ap.add_argument("--poison", type=float, default=0.1)
    ap.add_argument("--patch", type=int, default=3)
    ap.add_argument("--margin", type=int, default=1)
    ap.add_argument("--corner", choices=["bottom-right", "top-left"], default="bottom-right")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--train-lr", type=float, default=0.003)
    ap.add_argument("--train-batch", type=int, default=32)
    ap.add_argument("--train-seed", type=int, default=0)
    ap.add_argument("--wd", type=float, default=0)
    ap.add_argument("--count", type=int, default=32)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--mini", type=int, default=4)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--init-cost", type=float, default=0.001)
    ap.add_argument("--es-patience", type=int, default=6)
    ap.add_argument("--search-seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--weights", help="inspect the workbench's safetensors weights instead of training")
    ap.add_argument("--save", help="write the trained state dict here")
    ap.add_argument("--load", help="read a state dict saved by --save instead of training")
    a = ap.parse_args()
    torch.set_num_threads(1)
    global CORNER
    CORNER = a.corner
    if a.weights or a.load:
        net = ConvNet(a.width)
        if a.weights:
            load_safetensors(net, a.weights)
        else:
            net.load_state_dict(torch.load(a.load))
        net.eval()
        figures = {"model": a.weights or a.load, **trigger_success(net, a.patch, a.margin)}
    else:
        net, figures = train(a, a.train_seed)
        figures = {"recipe": {k: getattr(a, k) for k in ("width", "poison", "patch", "epochs", "train_seed", "wd",
                                                         "corner", "margin")}, **figures}
    if a.save:
        torch.save(net.state_dict(), a.save)
    print(json.dumps(figures), flush=True)
    for s in a.search_seeds:
        norms, index, flagged, on_square = neural_cleanse(net, a, s)
        print(json.dumps({"searchSeed": s, "norms": [round(v, 1) for v in norms],
                          "index7": round(float(index[7]), 2), "maxIndexBelowMedian": round(float(max(
                              index[c] for c in range(10) if norms[c] < np.median(norms))), 2),
                          "flagged": flagged, "onSquare7": round(on_square[7], 1)}), flush=True)


if __name__ == "__main__":
    main()
