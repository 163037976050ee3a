"""Native reference for `npm run bench -- --native`: the tutorial's DenseNet
in PyTorch on the CPU, trained on random data of MNIST's shape, and timed the way the browser
benchmark times its steps: warm-up, then the median images/s of several windows.

    /usr/bin/python3 bench/reference/densenet_torch.py [--batch 32] [--threads 2]
        [--warmup 5] [--windows 5] [--seconds 10] [--json]

Needs Debian's python3-torch (PyTorch 1.13): apt-get install -y python3-torch.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class DenseUnit(nn.Module):
    """BN → ReLU → Conv2D(growth, 3×3, same) → concat([x, h])."""

    def __init__(self, channels: int, growth: int):
        super().__init__()
        # Keras defaults: momentum 0.99 (PyTorch counts 1 − momentum), epsilon 1e-3.
        self.bn = nn.BatchNorm2d(channels, momentum=0.01, eps=1e-3)
        self.conv = nn.Conv2d(channels, growth, 3, padding=1)

    def forward(self, x):
        return torch.cat([x, self.conv(torch.relu(self.bn(x)))], dim=1)


def reference_densenet() -> nn.Sequential:
    """430,210 parameters (429,930 trainable + 280 BN running statistics, which PyTorch keeps as buffers)."""
    layers = [nn.Conv2d(1, 8, 3, padding=1), nn.ReLU()]
    channels = 8
    for units, growth, transition in [(2, 4, 16), (2, 8, 32), (2, 16, None)]:
        for _ in range(units):
            layers.append(DenseUnit(channels, growth))
            channels += growth
        if transition is not None:
            layers += [nn.Conv2d(channels, transition, 3, padding=1), nn.MaxPool2d(2)]
            channels = transition
    layers += [nn.Flatten(), nn.Linear(channels * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10)]
    return nn.Sequential(*layers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--windows", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0, help="time for all windows together")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = reference_densenet()
    trainable = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for name, b in model.named_buffers() if "running" in name)
    assert trainable + buffers == 430_210, f"parameter count {trainable} + {buffers} is not the reference model's"
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(torch.rand(args.batch, 1, 28, 28), torch.randint(0, 10, (args.batch,))) for _ in range(4)]
    model.train()

    def steps(count: int) -> float:
        start = time.perf_counter()
        for i in range(count):
            images, labels = batches[i % len(batches)]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(images), labels).backward()
            optimizer.step()
        return time.perf_counter() - start

    step_s = min(steps(1) for _ in range(args.warmup))
    per_window = max(1, round(args.seconds / args.windows / step_s))
    windows = [per_window * args.batch / steps(per_window) for _ in range(args.windows)]
    images_per_second = statistics.median(windows)
    result = {
        "backend": "pytorch-cpu",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "imagesPerSecond": images_per_second,
        "msPerStep": 1000 * args.batch / images_per_second,
        "windowImagesPerSecond": windows,
        "stepsPerWindow": per_window,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"PyTorch {torch.__version__} CPU, {result['threads']} threads, batch {args.batch}: "
              f"{images_per_second:.1f} images/s ({result['msPerStep']:.1f} ms/step, median of {args.windows} windows of {per_window} steps)")


if __name__ == "__main__":
    main()
