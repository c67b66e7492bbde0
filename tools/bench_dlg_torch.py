"""Plain-PyTorch baseline for `./invwb bench dlg`: evaluations per second of the DLG objective
(forward, gradient with create_graph, squared-L2 gradient distance, gradient to the dummy image
and soft label) on the sigmoid LeNet, 32x32 colour, batch 1, float32, CPU.

    python3 tools/bench_dlg_torch.py [evaluations] [threads]
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self, classes=100):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 12, 5, padding=2, stride=2), nn.Sigmoid(),
            nn.Conv2d(12, 12, 5, padding=2, stride=2), nn.Sigmoid(),
            nn.Conv2d(12, 12, 5, padding=2, stride=1), nn.Sigmoid())
        self.fc = nn.Sequential(nn.Linear(768, classes))

    def forward(self, x):
        out = self.body(x)
        return self.fc(out.view(out.size(0), -1))


def main():
    evaluations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    if len(sys.argv) > 2:
        torch.set_num_threads(int(sys.argv[2]))
    torch.manual_seed(0)
    net = LeNet()
    for p in net.parameters():
        p.data.uniform_(-0.5, 0.5)
    params = list(net.parameters())
    x = torch.rand(1, 3, 32, 32)
    y = F.one_hot(torch.tensor([3]), 100).float()
    target = [g.detach() for g in torch.autograd.grad(torch.sum(-y * F.log_softmax(net(x), -1)), params)]
    dummy = torch.randn(1, 3, 32, 32, requires_grad=True)
    label = torch.randn(1, 100, requires_grad=True)

    def evaluate():
        loss = torch.mean(torch.sum(-F.softmax(label, -1) * F.log_softmax(net(dummy), -1), 1))
        grads = torch.autograd.grad(loss, params, create_graph=True)
        distance = sum(((g - t) ** 2).sum() for g, t in zip(grads, target))
        gx, gy = torch.autograd.grad(distance, [dummy, label])
        return distance.item(), gx.numpy(), gy.numpy()

    for _ in range(100):
        evaluate()
    start = time.perf_counter()
    for _ in range(evaluations):
        evaluate()
    seconds = time.perf_counter() - start
    print('{"method":"dlg","model":"lenet-dlg","batch":1,"engine":"pytorch %s","threads":%d,'
          '"evaluationsPerSecond":%.1f}' % (torch.__version__, torch.get_num_threads(), evaluations / seconds))


if __name__ == "__main__":
    main()
