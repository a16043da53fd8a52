package org.hypertower.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-20, the CIFAR variant of He et al., "Deep Residual Learning for Image Recognition"
 * (section 4.2), the CNN of the NeurIPS paper: a 3x3 convolution with 16 filters, three stages of
 * three basic blocks (16, 32 and 64 filters, the last two stages starting with stride 2), global
 * average pooling and a linear layer; 0.27 M parameters. Shortcuts are identities, downsampled and
 * zero-padded where the shape changes (the paper's option A), so they add no parameters. Batch
 * normalization's running statistics are not trained parameters.
 */
public final class ResNet20 {

    private ResNet20() {}

    /** Builds the network for 3x32x32 inputs (any square input size works). */
    public static Network build(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(16, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int in = 16;
        for (int stage = 0; stage < 3; stage++) {
            int filters = 16 << stage;
            for (int b = 0; b < 3; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                net.add(basicBlock(in, filters, stride));
                in = filters;
            }
        }
        net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        return new Network(net, false, "resnet20");
    }

    private static Conv2d conv(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .optBias(false)
                .setFilters(filters)
                .build();
    }

    private static Block basicBlock(int in, int filters, int stride) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(filters, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(filters, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = (in == filters && stride == 1) ? Blocks.identityBlock() : new LambdaBlock(
                x -> new NDList(downsample(x.singletonOrThrow(), filters - in, stride)), "shortcut_a");
        return new SequentialBlock()
                .add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        List.of(residual, shortcut)))
                .add(Activation.reluBlock());
    }

    /** Option A: take every stride-th pixel and pad the new channels with zeros, half each side. */
    private static NDArray downsample(NDArray x, int extraChannels, int stride) {
        NDArray sampled = x.get(new NDIndex(":, :, ::" + stride + ", ::" + stride));
        Shape s = sampled.getShape();
        int before = extraChannels / 2;
        int after = extraChannels - before;
        NDArray zerosBefore = sampled.getManager().zeros(new Shape(s.get(0), before, s.get(2), s.get(3)), x.getDataType());
        NDArray zerosAfter = sampled.getManager().zeros(new Shape(s.get(0), after, s.get(2), s.get(3)), x.getDataType());
        return zerosBefore.concat(sampled, 1).concat(zerosAfter, 1);
    }
}
