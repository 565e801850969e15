# One image for every lakemon role of docker-compose.yml (collector, agent, demo lake). Self-contained publish, so the
# runtime stage is plain Debian 12 with the XRootD packages the local lake needs (DESIGN.md §7).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish cli/Lakemon.Cli/Lakemon.Cli.csproj -c Release -r linux-x64 --self-contained true -o /out

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends xrootd-server xrootd-server-plugins xrootd-client \
      xrootd-client-http-plugins openssl ca-certificates libicu72 curl procps \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /opt/lakemon
COPY deploy/lake/entrypoint.sh /usr/local/bin/lakemon-demo-lake
RUN ln -s /opt/lakemon/lakemon /usr/local/bin/lakemon && chmod 755 /usr/local/bin/lakemon-demo-lake
ENTRYPOINT ["lakemon"]
