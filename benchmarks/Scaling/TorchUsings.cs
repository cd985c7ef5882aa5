// TorchSharp's types under their short names throughout this project.
global using TorchSharp;
global using Device = TorchSharp.torch.Device;
global using ScalarType = TorchSharp.torch.ScalarType;
global using Tensor = TorchSharp.torch.Tensor;
global using RepTuning.Benchmarks.Throughput;
