using System.Buffers.Binary;
using System.IO.Compression;

namespace Lakemon.IntegrationTests.Support;

/// <summary>
/// Just enough PNG decoding to look at a screenshot's pixels: 8-bit RGB or RGBA, not interlaced (what Chromium's
/// Page.captureScreenshot writes). Answers RGB triples; alpha is dropped.
/// </summary>
internal sealed class PngImage
{
    private readonly byte[] _rgb;

    private PngImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        _rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = (y * Width + x) * 3;
        return (_rgb[i], _rgb[i + 1], _rgb[i + 2]);
    }

    /// <summary>How many pixels have exactly this colour.</summary>
    public int Count(int r, int g, int b)
    {
        var count = 0;
        for (var i = 0; i < _rgb.Length; i += 3)
        {
            if (_rgb[i] == r && _rgb[i + 1] == g && _rgb[i + 2] == b)
            {
                count++;
            }
        }
        return count;
    }

    public static PngImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG");
        }
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var (depth, colour, interlace) = (data[8], data[9], data[12]);
                    if (depth != 8 || colour is not (2 or 6) || interlace != 0)
                    {
                        throw new InvalidDataException($"PNG depth {depth} colour type {colour} interlace {interlace} is not supported here");
                    }
                    channels = colour == 2 ? 3 : 4;
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
            }
            offset += 12 + length;
        }
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            Array.Copy(bytes, y * (stride + 1) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"unknown PNG filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
            {
                Array.Copy(current, x * channels, rgb, (y * width + x) * 3, 3);
            }
            (previous, current) = (current, previous);
        }
        return new PngImage(width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
