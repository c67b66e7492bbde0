"""Exports core/src/main/resources/org/invwb/core/engine/autograd-grad.pt.

DJL's public API has no torch.autograd.grad: backward() accumulates into .grad, and with
create_graph=True that leaves a reference cycle (parameter -> gradient -> graph -> parameter)
that libtorch never frees. This tiny TorchScript module calls torch.autograd.grad instead, which
returns the gradients without storing them on the leaves. Run with Debian's python3-torch:

    python3 tools/export_autograd_module.py

The module must be run in training mode (grad mode on); see org.invwb.core.engine.Autograd.
"""
from pathlib import Path
from typing import List

import torch


class AutogradGrad(torch.nn.Module):
    def forward(self, output: torch.Tensor, inputs: List[torch.Tensor], create_graph: bool) -> List[torch.Tensor]:
        grads = torch.autograd.grad([output], inputs, create_graph=create_graph)
        out: List[torch.Tensor] = []
        for g in grads:
            assert g is not None
            out.append(g)
        return out


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "core/src/main/resources/org/invwb/core/engine/autograd-grad.pt"
    torch.jit.script(AutogradGrad()).save(str(target))
    print("wrote", target)
