# Kinroom's image: the production folder on Node 24, and nothing else (docs/operations.md, "Build and deploy").
# Make the folder first, on the platform the image is for (linux/amd64 or linux/arm64):
#   scripts/package.sh release/kinroom && docker build -t kinroom .
#   docker run --rm --env-file kinroom.env kinroom migrate
#   docker run -d -p 4000:4000 --env-file kinroom.env kinroom
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /opt/kinroom
# Owned by root and only read by the server, which runs as the image's unprivileged `node` user.
COPY release/kinroom/ ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/kinroom/main.js"]
CMD []
