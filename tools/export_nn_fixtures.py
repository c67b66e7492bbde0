"""Exports the PyTorch reference fixtures for the network zoo tests (org.invwb.core.nn).

For the CIFAR ResNet-20 and the inverting-gradients ConvNet (width 8) it writes, under
core/src/test/resources/org/invwb/core/nn/:

    NAME.safetensors   the module's state_dict, BatchNorm statistics made non-trivial
    NAME.json          torch's logits for a fixed input in eval and train mode, and the
                       BatchNorm buffers after the train-mode forward

and parameter-counts.json with torch's trainable parameter counts for every zoo network.
The modules are written out here (torchvision is not needed) with torchvision's and inversefed's
parameter names. The safetensors writer is the format itself (struct + json), so the
`safetensors` package is not needed either. Run with Debian's python3-torch:

    /usr/bin/python3 tools/export_nn_fixtures.py
"""
import json
import struct
from collections import OrderedDict
from pathlib import Path

import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "core/src/test/resources/org/invwb/core/nn"
BATCH = 2
CHANNELS = 3
SIZE = 32
CLASSES = 10
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock."""

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class CifarResNet(nn.Module):
    """torchvision's ResNet with a 3x3 stride-1 stem and no max-pool (names conv1, bn1, layerN, fc)."""

    def __init__(self, blocks, base_width, num_classes, channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, base_width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(base_width)
        self.relu = nn.ReLU()
        inplanes = base_width
        for stage, count in enumerate(blocks):
            planes = base_width * 2 ** stage
            layers = []
            for b in range(count):
                layers.append(BasicBlock(inplanes, planes, 2 if stage > 0 and b == 0 else 1))
                inplanes = planes
            setattr(self, f"layer{stage + 1}", nn.Sequential(*layers))
        self.stages = len(blocks)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        for stage in range(self.stages):
            x = getattr(self, f"layer{stage + 1}")(x)
        return self.fc(torch.flatten(self.avgpool(x), 1))


class ConvNet(nn.Module):
    """inversefed.nn.models.ConvNet; its OrderedDict names conv6/bn6 twice, so it has one conv6."""

    def __init__(self, width, num_classes, num_channels=3):
        super().__init__()
        widths = [1, 2, 2, 4, 4, 4, 4, 4]
        layers = OrderedDict()
        previous = num_channels
        for i, w in enumerate(widths):
            layers[f"conv{i}"] = nn.Conv2d(previous, w * width, kernel_size=3, padding=1)
            layers[f"bn{i}"] = nn.BatchNorm2d(w * width)
            layers[f"relu{i}"] = nn.ReLU()
            previous = w * width
            if i == 5:
                layers["pool0"] = nn.MaxPool2d(3)
        layers["pool1"] = nn.MaxPool2d(3)
        layers["flatten"] = nn.Flatten()
        layers["linear"] = nn.Linear(36 * width, num_classes)
        self.model = nn.Sequential(layers)

    def forward(self, x):
        return self.model(x)


def mlp(width, num_classes, inputs):
    """inversefed's MLP: three hidden ReLU layers."""
    return nn.Sequential(OrderedDict([
        ("flatten", nn.Flatten()),
        ("linear0", nn.Linear(inputs, width)), ("relu0", nn.ReLU()),
        ("linear1", nn.Linear(width, width)), ("relu1", nn.ReLU()),
        ("linear2", nn.Linear(width, width)), ("relu2", nn.ReLU()),
        ("linear3", nn.Linear(width, num_classes))]))


def fixed_input():
    """The same closed form as the Java test, exact in both: x_i = ((7919 i + 17) mod 1009) / 1009, flat NCHW."""
    n = BATCH * CHANNELS * SIZE * SIZE
    values = [((7919 * i + 17) % 1009) / 1009 for i in range(n)]
    return torch.tensor(values, dtype=torch.float32).reshape(BATCH, CHANNELS, SIZE, SIZE)


def calibrate_batch_norm(model, generator):
    """Fresh BatchNorm layers are the identity in eval mode, where the signal then fades layer by layer
    and the logits hardly depend on the input. Random affine parameters, and running statistics
    measured on random images, make an eval-mode forward worth comparing."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for m in bns:
            m.weight.copy_(0.5 + torch.rand(m.num_features, generator=generator))
            m.bias.copy_(0.1 * torch.randn(m.num_features, generator=generator))
            m.momentum = None  # cumulative average over the calibration batches
        model.train()
        for _ in range(4):
            model(torch.rand(8, CHANNELS, SIZE, SIZE, generator=generator))
        for m in bns:
            m.momentum = 0.1


def write_safetensors(path, state_dict):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, tensor in state_dict.items():
        t = tensor.detach().contiguous()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def export(name, model, watched_buffers):
    generator = torch.Generator().manual_seed(20240611)
    calibrate_batch_norm(model, generator)
    write_safetensors(OUT / f"{name}.safetensors", model.state_dict())
    x = fixed_input()
    model.eval()
    with torch.no_grad():
        eval_logits = model(x)
    model.train()
    with torch.no_grad():
        train_logits = model(x)
    state = model.state_dict()
    expected = {
        "network": name,
        "inputShape": [BATCH, CHANNELS, SIZE, SIZE],
        "evalLogits": eval_logits.tolist(),
        "trainLogits": train_logits.tolist(),
        "buffersAfterTrainForward": {b: state[b].flatten().tolist() for b in watched_buffers},
        "torch": torch.__version__,
    }
    (OUT / f"{name}.json").write_text(json.dumps(expected, indent=1) + "\n")
    print("wrote", name, sum(p.numel() for p in model.parameters()), "parameters")


def trainable(model):
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    export("resnet20", CifarResNet([3, 3, 3], 16, CLASSES),
           ["bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
            "layer3.2.bn2.running_mean", "layer3.2.bn2.running_var",
            "layer2.0.downsample.1.running_var"])
    export("convnet-8", ConvNet(8, CLASSES),
           ["model.bn0.running_mean", "model.bn0.running_var", "model.bn7.running_var",
            "model.bn7.num_batches_tracked"])
    counts = {
        "mlp": trainable(mlp(1024, CLASSES, CHANNELS * SIZE * SIZE)),
        "convnet": trainable(ConvNet(64, CLASSES)),
        "convnet-8": trainable(ConvNet(8, CLASSES)),
        "resnet18": trainable(CifarResNet([2, 2, 2, 2], 64, CLASSES)),
        "resnet20": trainable(CifarResNet([3, 3, 3], 16, CLASSES)),
    }
    (OUT / "parameter-counts.json").write_text(json.dumps({
        "input": [CHANNELS, SIZE, SIZE], "classes": CLASSES, "counts": counts, "torch": torch.__version__}, indent=1)
        + "\n")
    print(counts)
